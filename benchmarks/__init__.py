"""The performance suite; run everything with ``python -m benchmarks`` (or ``python3 dev.py bench``)."""
