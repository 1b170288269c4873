import type { Conv2DInfo } from '../../core/conv-util.js';
import { allocArray } from '../../core/dtype.js';
import type { CpuKernel } from './cpu-backend.js';

/**
 * `MaxPool` and `AvgPool` [x] {info} (chosen by `name`). Taps sit at `o·stride − pad + k·dilation`;
 * taps in the padding are skipped, so AvgPool divides by the number of real cells and MaxPool
 * only compares real ones. MaxPool propagates NaN. A window with no real cell gives -Infinity
 * (max) or NaN (avg: 0/0), as TF.js does.
 *
 * Loops run over output pixels with channels innermost, so every tap reads a contiguous run of
 * channels; sums and maxima for one output pixel are kept in a reused row.
 */
export const poolKernel: CpuKernel = (backend, [xInfo], attrs, name) => {
  const info = attrs.info as Conv2DInfo;
  const isMax = name === 'MaxPool';
  if (!isMax && name !== 'AvgPool') throw new Error(`cpu: unknown pool kernel ${name}`);
  const x = backend.data(xInfo);
  const { batch, inH, inW, inC, outH, outW, filterH: fh, filterW: fw } = info;
  const { strideH, strideW, dilationH, dilationW, padTop, padLeft } = info;
  const C = inC;
  const outShape = [batch, outH, outW, C];
  const out = allocArray(xInfo.dtype, batch * outH * outW * C);
  if (out.length === 0) return backend.output(out, outShape, xInfo.dtype);

  const acc = new Float64Array(C);
  const xRow = inW * C;
  let o = 0;
  for (let b = 0; b < batch; b++) {
    const xOff = b * inH * xRow;
    for (let oh = 0; oh < outH; oh++) {
      const ih0 = oh * strideH - padTop;
      // The filter rows that land inside the image (the first with ih ≥ 0, up to ih < inH).
      const khStart = ih0 >= 0 ? 0 : Math.ceil(-ih0 / dilationH);
      const khEnd = Math.min(fh, Math.floor((inH - 1 - ih0) / dilationH) + 1);
      for (let ow = 0; ow < outW; ow++) {
        const iw0 = ow * strideW - padLeft;
        const kwStart = iw0 >= 0 ? 0 : Math.ceil(-iw0 / dilationW);
        const kwEnd = Math.min(fw, Math.floor((inW - 1 - iw0) / dilationW) + 1);
        acc.fill(isMax ? -Infinity : 0);
        for (let kh = khStart; kh < khEnd; kh++) {
          const rowOff = xOff + (ih0 + kh * dilationH) * xRow;
          for (let kw = kwStart; kw < kwEnd; kw++) {
            const s = rowOff + (iw0 + kw * dilationW) * C;
            if (isMax) {
              for (let c = 0; c < C; c++) {
                const v = x[s + c];
                // Once NaN, neither test passes again, so NaN sticks.
                if (v > acc[c] || v !== v) acc[c] = v;
              }
            } else {
              for (let c = 0; c < C; c++) acc[c] += x[s + c];
            }
          }
        }
        if (isMax) {
          for (let c = 0; c < C; c++) out[o++] = acc[c];
        } else {
          const count = Math.max(0, khEnd - khStart) * Math.max(0, kwEnd - kwStart);
          for (let c = 0; c < C; c++) out[o++] = acc[c] / count;
        }
      }
    }
  }
  return backend.output(out, outShape, xInfo.dtype);
};
