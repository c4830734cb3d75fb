"""Routing: where each request runs, and why."""
