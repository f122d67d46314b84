"""The kit version: recorded in every output; a new release re-renders every report."""

__version__ = "0.1.0"
