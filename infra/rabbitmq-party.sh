#!/usr/bin/env bash
# Gives a party system (a ministry's own document system) its channel: a RabbitMQ user whose
# rights cover only entities named "<org>.…" — it may send on <org>.commands and read <org>.events,
# nothing else. The application takes the organisation from the channel, never from the message.
# Usage: rabbitmq-party.sh <organisation-id> <password> [vhost]
set -euo pipefail
org=${1:?organisation id, e.g. by-minfin}; password=${2:?password}; vhost=${3:-/}
[[ "$org" =~ ^[a-z][a-z0-9-]*$ ]] || { echo "bad organisation id: $org" >&2; exit 2; }
rabbitmqctl -q add_user "$org" "$password" 2>/dev/null || rabbitmqctl -q change_password "$org" "$password"
pattern="^${org//-/\\-}\\..*"
rabbitmqctl -q set_permissions -p "$vhost" "$org" "$pattern" "$pattern" "$pattern"
echo "party channel for $org: send to exchange $org.commands, receive from queue $org.events"
