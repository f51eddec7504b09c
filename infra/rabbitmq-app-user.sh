#!/usr/bin/env bash
# The application's own RabbitMQ user: full rights on the virtual host. Usage: rabbitmq-app-user.sh <user> <password> [vhost]
set -euo pipefail
user=${1:?user}; password=${2:?password}; vhost=${3:-/}
rabbitmqctl -q add_user "$user" "$password" 2>/dev/null || rabbitmqctl -q change_password "$user" "$password"
rabbitmqctl -q set_permissions -p "$vhost" "$user" '.*' '.*' '.*'
