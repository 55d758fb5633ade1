"""Benchmarks of the answer engine and the bot: latency, start-up, memory and throughput."""
