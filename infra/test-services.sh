#!/usr/bin/env bash
# Installs and starts the local servers the integration tests use, and prints the
# environment variables that point the tests at them. Safe to run twice.
# The engine tests need none; later features add PostgreSQL, RabbitMQ and Chromium here.
set -euo pipefail
echo "test services: none needed yet"
