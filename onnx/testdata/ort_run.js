// Runs an ONNX model in onnxruntime-node on rows from a JSON file and prints
// the first output as {"dims": [...], "data": [...]} (used by ort_golden.sh).
const ort = require('onnxruntime-node');
const fs = require('fs');
(async () => {
  const [model, rowsJson] = process.argv.slice(2);
  const session = await ort.InferenceSession.create(model);
  const rows = JSON.parse(fs.readFileSync(rowsJson));
  const x = new ort.Tensor('float32', Float32Array.from(rows.flat()), [rows.length, rows[0].length]);
  const out = await session.run({[session.inputNames[0]]: x});
  const y = out[session.outputNames[0]];
  console.log(JSON.stringify({dims: y.dims, data: Array.from(y.data)}));
})().catch(e => { console.error(e); process.exit(1); });
