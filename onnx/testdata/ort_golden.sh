#!/usr/bin/env bash
# Regenerates the onnxruntime goldens of TestOnnxruntimeGolden and
# TestOnnxruntimeGoldenInt8: exports the tests' models and inputs
# (testdata/mlp.onnx, mlp_inputs.json, mlp_int8.onnx, mlp_int8_inputs.json),
# then runs
# them through onnxruntime-node 1.30.0 (installed into a temporary directory
# from npm; its native library comes with the package) and writes
# testdata/mlp_ort.json and mlp_int8_ort.json. The tests read the files; they never need node.
set -euo pipefail
cd "$(dirname "$0")/.."
SIMDNN_ONNX_UPDATE=1 go test -count=1 -run '^TestOnnxruntimeGolden(Int8)?$' . >/dev/null
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp testdata/ort_run.js "$tmp/run.js"
(cd "$tmp" && ONNXRUNTIME_NODE_INSTALL=skip npm install --silent onnxruntime-node@1.30.0 >/dev/null)
node "$tmp/run.js" testdata/mlp.onnx testdata/mlp_inputs.json > testdata/mlp_ort.json
node "$tmp/run.js" testdata/mlp_int8.onnx testdata/mlp_int8_inputs.json > testdata/mlp_int8_ort.json
echo "wrote testdata/mlp_ort.json, testdata/mlp_int8_ort.json"
