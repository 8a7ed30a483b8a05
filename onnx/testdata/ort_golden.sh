#!/usr/bin/env bash
# Regenerates the onnxruntime goldens the onnx tests compare with:
#  - TestOnnxruntimeGolden and TestOnnxruntimeGoldenInt8: exports the
#    tests' models and inputs (testdata/mlp.onnx, mlp_inputs.json,
#    mlp_int8.onnx, mlp_int8_inputs.json);
#  - TestRealModels: fetches the third-party MLPs (Go module proxy, npm),
#    writes them, their int8 exports and our inputs to a temporary
#    directory (they are not committed);
# then runs each through onnxruntime-node 1.30.0 (installed into a temporary
# directory from npm; its native library comes with the package) and writes
# testdata/mlp_ort.json, mlp_int8_ort.json and testdata/real/*_ort.json.
# The tests read those files; they never need node.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/models" testdata/real
SIMDNN_ONNX_UPDATE=1 go test -count=1 -run '^TestOnnxruntimeGolden(Int8)?$' . >/dev/null
SIMDNN_ONNX_UPDATE=1 SIMDNN_ONNX_MODELS_OUT="$tmp/models" SIMDNN_REQUIRE_MODELS=all \
	go test -count=1 -run '^TestRealModels$' . >/dev/null
cp testdata/ort_run.js "$tmp/run.js"
(cd "$tmp" && ONNXRUNTIME_NODE_INSTALL=skip npm install --silent onnxruntime-node@1.30.0 >/dev/null)
node "$tmp/run.js" testdata/mlp.onnx testdata/mlp_inputs.json > testdata/mlp_ort.json
node "$tmp/run.js" testdata/mlp_int8.onnx testdata/mlp_int8_inputs.json > testdata/mlp_int8_ort.json
while read -r name; do
	m="$tmp/models/$name"
	node "$tmp/run.js" "$m.onnx" "${m}_inputs.json" > "testdata/real/${name}_ort.json"
	node "$tmp/run.js" "${m}_int8.onnx" "${m}_int8_inputs.json" > "testdata/real/${name}_int8_ort.json"
	echo "wrote testdata/real/${name}_ort.json, ${name}_int8_ort.json"
done < "$tmp/models/list"
echo "wrote testdata/mlp_ort.json, testdata/mlp_int8_ort.json"
