#!/bin/sh
# Starts Extralit in a Hugging Face Space. The Space runtime sets SPACE_ID,
# SPACE_HOST, PERSISTANT_STORAGE_ENABLED and, with hf_oauth: true,
# OAUTH_CLIENT_ID, OAUTH_CLIENT_SECRET, OAUTH_SCOPES and OPENID_PROVIDER_URL.
set -eu

# Home: /data (the persistent volume when one is attached, else temporary;
# Extralit then warns in the log and the UI).
export EXTRALIT_HOME_PATH="${EXTRALIT_HOME_PATH:-/data}"

# Hugging Face sign-in: Extralit reads the Space's OAUTH_* variables; the
# reference's names are set too so either configuration style works.
if [ -n "${OAUTH_CLIENT_ID:-}" ]; then
  export OAUTH2_HUGGINGFACE_CLIENT_ID="${OAUTH2_HUGGINGFACE_CLIENT_ID:-$OAUTH_CLIENT_ID}"
  export OAUTH2_HUGGINGFACE_CLIENT_SECRET="${OAUTH2_HUGGINGFACE_CLIENT_SECRET:-${OAUTH_CLIENT_SECRET:-}}"
  export OAUTH2_HUGGINGFACE_SCOPE="${OAUTH2_HUGGINGFACE_SCOPE:-${OAUTH_SCOPES:-openid profile}}"
  if [ -n "${SPACE_HOST:-}" ]; then
    export OAUTH2_HUGGINGFACE_REDIRECT_URI="${OAUTH2_HUGGINGFACE_REDIRECT_URI:-https://$SPACE_HOST/oauth/huggingface/callback}"
  fi
fi

# The first owner is the Space owner (USERNAME is set by `extralit deploy
# spaces`; SPACE_AUTHOR_NAME by the Space runtime).
export EXTRALIT_USERNAME="${EXTRALIT_USERNAME:-${USERNAME:-${SPACE_AUTHOR_NAME:-extralit}}}"

# EXTRALIT_PROCESSES=procfile runs the server and the two worker pools as
# separate processes (deploy/Procfile); the default is one process.
if [ "${EXTRALIT_PROCESSES:-single}" = "procfile" ]; then
  exec extralit procfile /app/Procfile
fi
exec extralit start --host 0.0.0.0 --port "${PORT:-6900}"
