"""Benchmarks: a synthetic corpus generator, build timings against Hugo and Pelican, and
the dev server's edit-to-disk latency. See benchmarks/README.md."""
