import type { Conv2DInfo, Conv3DInfo } from '../../core/conv-util.js';
import type { CpuKernel } from './cpu-backend.js';

/** `Conv3D`: direct loops, output channels innermost (contiguous filter rows). */
export const conv3DKernel: CpuKernel = (b, [x, filter], attrs) => {
  const c = attrs.info as Conv3DInfo;
  const xv = b.data(x), w = b.data(filter);
  const { inD, inH, inW, inC, outD, outH, outW, outC } = c;
  const o = new Float32Array(c.batch * outD * outH * outW * outC);
  let out = 0;
  for (let n = 0; n < c.batch; n++) {
    for (let od = 0; od < outD; od++) {
      for (let oh = 0; oh < outH; oh++) {
        for (let ow = 0; ow < outW; ow++, out += outC) {
          for (let fd = 0; fd < c.filterD; fd++) {
            const id = od * c.strideD - c.padFront + fd * c.dilationD;
            if (id < 0 || id >= inD) continue;
            for (let fh = 0; fh < c.filterH; fh++) {
              const ih = oh * c.strideH - c.padTop + fh * c.dilationH;
              if (ih < 0 || ih >= inH) continue;
              for (let fw = 0; fw < c.filterW; fw++) {
                const iw = ow * c.strideW - c.padLeft + fw * c.dilationW;
                if (iw < 0 || iw >= inW) continue;
                const xBase = (((n * inD + id) * inH + ih) * inW + iw) * inC;
                const wBase = ((fd * c.filterH + fh) * c.filterW + fw) * inC * outC;
                for (let ic = 0; ic < inC; ic++) {
                  const xval = xv[xBase + ic];
                  if (xval === 0) continue;
                  const wRow = wBase + ic * outC;
                  for (let oc = 0; oc < outC; oc++) o[out + oc] += xval * w[wRow + oc];
                }
              }
            }
          }
        }
      }
    }
  }
  return b.output(o, [c.batch, outD, outH, outW, outC], 'float32');
};

/** `Conv3DBackpropInput` (conv3dTranspose): scatters each dy cell back through the filter. */
export const conv3DBackpropInputKernel: CpuKernel = (b, [dy, filter], attrs) => {
  const c = attrs.info as Conv3DInfo;
  const dv = b.data(dy), w = b.data(filter);
  const { inD, inH, inW, inC, outD, outH, outW, outC } = c;
  const o = new Float32Array(c.batch * inD * inH * inW * inC);
  let src = 0;
  for (let n = 0; n < c.batch; n++) {
    for (let od = 0; od < outD; od++) {
      for (let oh = 0; oh < outH; oh++) {
        for (let ow = 0; ow < outW; ow++, src += outC) {
          for (let fd = 0; fd < c.filterD; fd++) {
            const id = od * c.strideD - c.padFront + fd * c.dilationD;
            if (id < 0 || id >= inD) continue;
            for (let fh = 0; fh < c.filterH; fh++) {
              const ih = oh * c.strideH - c.padTop + fh * c.dilationH;
              if (ih < 0 || ih >= inH) continue;
              for (let fw = 0; fw < c.filterW; fw++) {
                const iw = ow * c.strideW - c.padLeft + fw * c.dilationW;
                if (iw < 0 || iw >= inW) continue;
                const xBase = (((n * inD + id) * inH + ih) * inW + iw) * inC;
                const wBase = ((fd * c.filterH + fh) * c.filterW + fw) * inC * outC;
                for (let ic = 0; ic < inC; ic++) {
                  let s = 0;
                  const wRow = wBase + ic * outC;
                  for (let oc = 0; oc < outC; oc++) s += dv[src + oc] * w[wRow + oc];
                  o[xBase + ic] += s;
                }
              }
            }
          }
        }
      }
    }
  }
  return b.output(o, [c.batch, inD, inH, inW, inC], 'float32');
};

/** `MaxPool3D` / `AvgPool3D`: padding cells are ignored; max propagates NaN. */
export const pool3DKernel: CpuKernel = (b, [x], attrs, name) => {
  const c = attrs.info as Conv3DInfo;
  const isMax = name === 'MaxPool3D';
  const xv = b.data(x);
  const { inD, inH, inW, inC: C, outD, outH, outW } = c;
  const o = new Float32Array(c.batch * outD * outH * outW * C);
  let out = 0;
  for (let n = 0; n < c.batch; n++) {
    for (let od = 0; od < outD; od++) {
      for (let oh = 0; oh < outH; oh++) {
        for (let ow = 0; ow < outW; ow++, out += C) {
          for (let ch = 0; ch < C; ch++) {
            let acc = isMax ? -Infinity : 0, count = 0;
            for (let fd = 0; fd < c.filterD; fd++) {
              const id = od * c.strideD - c.padFront + fd * c.dilationD;
              if (id < 0 || id >= inD) continue;
              for (let fh = 0; fh < c.filterH; fh++) {
                const ih = oh * c.strideH - c.padTop + fh * c.dilationH;
                if (ih < 0 || ih >= inH) continue;
                for (let fw = 0; fw < c.filterW; fw++) {
                  const iw = ow * c.strideW - c.padLeft + fw * c.dilationW;
                  if (iw < 0 || iw >= inW) continue;
                  const v = xv[(((n * inD + id) * inH + ih) * inW + iw) * C + ch];
                  if (isMax) { if (v > acc || v !== v) acc = v; } else { acc += v; count++; }
                }
              }
            }
            o[out + ch] = isMax ? acc : count ? acc / count : 0;
          }
        }
      }
    }
  }
  return b.output(o, [c.batch, outD, outH, outW, C], 'float32');
};

/** `MaxPoolWithArgmax`: the max and the flat index it came from. */
export const maxPoolWithArgmaxKernel: CpuKernel = (b, [x], attrs) => {
  const c = attrs.info as Conv2DInfo;
  const withBatch = attrs.includeBatchInIndex as boolean;
  const xv = b.data(x);
  const { inH, inW, inC: C, outH, outW } = c;
  const size = c.batch * outH * outW * C;
  const o = new Float32Array(size);
  const arg = new Int32Array(size);
  let out = 0;
  for (let n = 0; n < c.batch; n++) {
    for (let oh = 0; oh < outH; oh++) {
      for (let ow = 0; ow < outW; ow++, out += C) {
        for (let ch = 0; ch < C; ch++) {
          let best = -Infinity, at = -1;
          for (let fh = 0; fh < c.filterH; fh++) {
            const ih = oh * c.strideH - c.padTop + fh * c.dilationH;
            if (ih < 0 || ih >= inH) continue;
            for (let fw = 0; fw < c.filterW; fw++) {
              const iw = ow * c.strideW - c.padLeft + fw * c.dilationW;
              if (iw < 0 || iw >= inW) continue;
              const flat = ((n * inH + ih) * inW + iw) * C + ch;
              const v = xv[flat];
              if (at < 0 || v > best) { best = v; at = withBatch ? flat : flat - n * inH * inW * C; }
            }
          }
          o[out + ch] = best;
          arg[out + ch] = at;
        }
      }
    }
  }
  const shape = [c.batch, outH, outW, C];
  return [b.output(o, shape, 'float32'), b.output(arg, shape, 'int32')];
};
