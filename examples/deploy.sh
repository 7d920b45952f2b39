#!/bin/sh
# The demo's deployment: a stand-in for your real deploy script. Slipway passes what to deploy in
# SLIPWAY_* variables; exit 0 means the deployment succeeded, anything else that it failed.
set -e
echo "Deploying $SLIPWAY_PROJECT $SLIPWAY_REF to $SLIPWAY_ENVIRONMENT (deployment #$SLIPWAY_DEPLOYMENT_ID, asked by $SLIPWAY_USER)"
for step in "fetching $SLIPWAY_REF" "building" "switching traffic"; do
  echo "  $step..."
  sleep 1
done
echo "Done: $SLIPWAY_PROJECT $SLIPWAY_REF is live on $SLIPWAY_ENVIRONMENT."
