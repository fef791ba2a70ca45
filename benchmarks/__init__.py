"""The performance suite: ``python -m benchmarks`` (or ``python3 dev.py bench``)."""
