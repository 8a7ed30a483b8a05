// Runs an ONNX model in onnxruntime-node on rows from a JSON file and prints
// the first output as {"dims": [...], "data": [...], "sha256": "<model's>"}
// (used by ort_golden.sh). The rows file is either an array of rows (one
// run, shape [rows, width]) or {"shape": [...], "rows": [...]}: one run per
// row with that shape (models with a fixed batch of 1), outputs stacked.
const ort = require('onnxruntime-node');
const fs = require('fs');
const crypto = require('crypto');
(async () => {
  const [model, rowsJson] = process.argv.slice(2);
  const session = await ort.InferenceSession.create(model);
  let rows = JSON.parse(fs.readFileSync(rowsJson));
  let runs;
  if (Array.isArray(rows)) {
    runs = [[rows.flat(), [rows.length, rows[0].length]]];
  } else {
    runs = rows.rows.map(r => [r, rows.shape]);
  }
  let dims = null, data = [];
  for (const [values, shape] of runs) {
    const x = new ort.Tensor('float32', Float32Array.from(values), shape);
    const out = await session.run({[session.inputNames[0]]: x});
    const y = out[session.outputNames[0]];
    if (dims === null) {
      dims = y.dims.slice();
    } else {
      dims[0] += y.dims[0];
    }
    data.push(...Array.from(y.data));
  }
  const sha256 = crypto.createHash('sha256').update(fs.readFileSync(model)).digest('hex');
  console.log(JSON.stringify({dims, data, sha256}));
})().catch(e => { console.error(e); process.exit(1); });
