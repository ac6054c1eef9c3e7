"""kamergraph: the Eerste Kamer's paper trail on asylum reception as a linked-data graph."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("kamergraph")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0"
