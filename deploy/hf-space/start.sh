#!/bin/sh
# Starts Extralit in a Hugging Face Space. The Space runtime sets SPACE_ID,
# SPACE_HOST, PERSISTANT_STORAGE_ENABLED and, with hf_oauth: true,
# OAUTH_CLIENT_ID, OAUTH_CLIENT_SECRET, OAUTH_SCOPES and OPENID_PROVIDER_URL.
set -eu

# Home: /data (the persistent volume when one is attached, else temporary;
# Extralit then warns in the log and the UI).
export EXTRALIT_HOME_PATH="${EXTRALIT_HOME_PATH:-/data}"

# Hugging Face sign-in: extralit reads the Space's OAUTH_CLIENT_ID,
# OAUTH_CLIENT_SECRET, OAUTH_SCOPES, OPENID_PROVIDER_URL and SPACE_HOST
# itself and then treats USERNAME as the Space owner. Do not copy them to
# OAUTH2_HUGGINGFACE_*: those name a separately registered OAuth app.

# The first owner is the Space owner (USERNAME is set by `extralit deploy
# spaces`; SPACE_AUTHOR_NAME by the Space runtime).
export EXTRALIT_USERNAME="${EXTRALIT_USERNAME:-${USERNAME:-${SPACE_AUTHOR_NAME:-extralit}}}"

# EXTRALIT_PROCESSES=procfile runs the server and the two worker pools as
# separate processes (deploy/Procfile); the default is one process.
if [ "${EXTRALIT_PROCESSES:-single}" = "procfile" ]; then
  exec extralit procfile /app/Procfile
fi
exec extralit start --host 0.0.0.0 --port "${PORT:-6900}"
