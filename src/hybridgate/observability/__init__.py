"""What an operator watches: structured logs and events, and OpenTelemetry traces."""
