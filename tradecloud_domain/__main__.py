"""``python -m tradecloud_domain``: the same CLI as the ``tradecloud-domain`` script."""

from .cli import run

run()
