/**
 * Reads the parts of the TFLite schema (tensorflow/lite/schema/schema.fbs, file identifier 'TFL3')
 * that Sprout needs: the model's operator codes, subgraphs (tensors with quantization, operators
 * with their builtin options) and buffers. Field slots below follow the schema's field order.
 */
import { FlatBuffer, type Table } from './flatbuffer.js';

/** TensorType, by enum value. */
export const TENSOR_TYPES = [
  'float32', 'float16', 'int32', 'uint8', 'int64', 'string', 'bool', 'int16', 'complex64', 'int8',
  'float64', 'complex128', 'uint64', 'resource', 'variant', 'uint32', 'uint16', 'int4', 'bfloat16',
] as const;
export type TFLiteType = (typeof TENSOR_TYPES)[number] | `unknown(${number})`;

/** BuiltinOperator names by code (the ones below 128 plus the few later ones worth naming). */
const OP_NAMES = (
  'ADD AVERAGE_POOL_2D CONCATENATION CONV_2D DEPTHWISE_CONV_2D DEPTH_TO_SPACE DEQUANTIZE EMBEDDING_LOOKUP ' +
  'FLOOR FULLY_CONNECTED HASHTABLE_LOOKUP L2_NORMALIZATION L2_POOL_2D LOCAL_RESPONSE_NORMALIZATION LOGISTIC ' +
  'LSH_PROJECTION LSTM MAX_POOL_2D MUL RELU RELU_N1_TO_1 RELU6 RESHAPE RESIZE_BILINEAR RNN SOFTMAX ' +
  'SPACE_TO_DEPTH SVDF TANH CONCAT_EMBEDDINGS SKIP_GRAM CALL CUSTOM EMBEDDING_LOOKUP_SPARSE PAD ' +
  'UNIDIRECTIONAL_SEQUENCE_RNN GATHER BATCH_TO_SPACE_ND SPACE_TO_BATCH_ND TRANSPOSE MEAN SUB DIV SQUEEZE ' +
  'UNIDIRECTIONAL_SEQUENCE_LSTM STRIDED_SLICE BIDIRECTIONAL_SEQUENCE_RNN EXP TOPK_V2 SPLIT LOG_SOFTMAX ' +
  'DELEGATE BIDIRECTIONAL_SEQUENCE_LSTM CAST PRELU MAXIMUM ARG_MAX MINIMUM LESS NEG PADV2 GREATER ' +
  'GREATER_EQUAL LESS_EQUAL SELECT SLICE SIN TRANSPOSE_CONV SPARSE_TO_DENSE TILE EXPAND_DIMS EQUAL ' +
  'NOT_EQUAL LOG SUM SQRT RSQRT SHAPE POW ARG_MIN FAKE_QUANT REDUCE_PROD REDUCE_MAX PACK LOGICAL_OR ' +
  'ONE_HOT LOGICAL_AND LOGICAL_NOT UNPACK REDUCE_MIN FLOOR_DIV REDUCE_ANY SQUARE ZEROS_LIKE FILL ' +
  'FLOOR_MOD RANGE RESIZE_NEAREST_NEIGHBOR LEAKY_RELU SQUARED_DIFFERENCE MIRROR_PAD ABS SPLIT_V UNIQUE ' +
  'CEIL REVERSE_V2 ADD_N GATHER_ND COS WHERE RANK ELU REVERSE_SEQUENCE MATRIX_DIAG QUANTIZE ' +
  'MATRIX_SET_DIAG ROUND HARD_SWISH IF WHILE NON_MAX_SUPPRESSION_V4 NON_MAX_SUPPRESSION_V5 SCATTER_ND ' +
  'SELECT_V2 DENSIFY SEGMENT_SUM BATCH_MATMUL PLACEHOLDER_FOR_GREATER_OP_CODES CUMSUM CALL_ONCE ' +
  'BROADCAST_TO RFFT2D CONV_3D IMAG REAL COMPLEX_ABS HASHTABLE HASHTABLE_FIND HASHTABLE_IMPORT ' +
  'HASHTABLE_SIZE REDUCE_ALL CONV_3D_TRANSPOSE VAR_HANDLE READ_VARIABLE ASSIGN_VARIABLE BROADCAST_ARGS ' +
  'RANDOM_STANDARD_NORMAL BUCKETIZE RANDOM_UNIFORM MULTINOMIAL GELU DYNAMIC_UPDATE_SLICE RELU_0_TO_1 ' +
  'UNSORTED_SEGMENT_PROD UNSORTED_SEGMENT_MAX UNSORTED_SEGMENT_SUM ATAN2 UNSORTED_SEGMENT_MIN SIGN'
).split(' ');

/** The name of a builtin operator code, e.g. 3 → 'CONV_2D'. */
export function opName(code: number): string {
  return OP_NAMES[code] ?? `BUILTIN_${code}`;
}

/** Codes of the builtin operators Sprout reads options for. */
export const OP = Object.fromEntries(OP_NAMES.map((n, i) => [n, i])) as Record<string, number>;

/** ActivationFunctionType names by value. */
export const ACTIVATIONS = ['NONE', 'RELU', 'RELU_N1_TO_1', 'RELU6', 'TANH', 'SIGN_BIT'] as const;

export interface TFLiteQuantization {
  /** One scale per tensor, or one per channel along `quantizedDimension`. */
  scale: number[];
  zeroPoint: number[];
  quantizedDimension: number;
  min: number[];
  max: number[];
}

export interface TFLiteTensor {
  name: string;
  shape: number[];
  /** The shape with unknown dimensions as -1 (empty when the file has none). */
  shapeSignature: number[];
  type: TFLiteType;
  /** Index into the model's buffers (0: no data). */
  buffer: number;
  quantization: TFLiteQuantization | null;
  isVariable: boolean;
  isSparse: boolean;
}

export interface TFLiteOperatorCode {
  /** max(builtin_code, deprecated_builtin_code), as the TFLite runtime reads it. */
  builtinCode: number;
  name: string;
  customCode: string;
  version: number;
}

/** Builtin options, by TFLite field name in camelCase; enum fields are given as names. */
export type TFLiteOptions = Record<string, number | boolean | string | number[]>;

export interface TFLiteOperator {
  opcodeIndex: number;
  /** Tensor indices; -1 marks an omitted optional input. */
  inputs: number[];
  outputs: number[];
  optionsType: number;
  options: TFLiteOptions;
}

export interface TFLiteSubgraph {
  name: string;
  tensors: TFLiteTensor[];
  inputs: number[];
  outputs: number[];
  operators: TFLiteOperator[];
}

export interface TFLiteModelFile {
  version: number;
  description: string;
  operatorCodes: TFLiteOperatorCode[];
  subgraphs: TFLiteSubgraph[];
  /** Each buffer's bytes, as views into the file (empty when the buffer holds no data). */
  buffers: Uint8Array[];
  /** The buffer, used in error messages. */
  fb: FlatBuffer;
}

const PADDING = ['SAME', 'VALID'];
const enumName = (names: readonly string[], v: number) => names[v] ?? `unknown(${v})`;
const typeName = (v: number): TFLiteType => (TENSOR_TYPES[v] ?? `unknown(${v})`) as TFLiteType;

type FieldSpec = [name: string, kind: 'i32' | 'f32' | 'bool' | 'padding' | 'activation' | 'type' | 'i8' | 'i32s', dflt?: number];

const CONV: FieldSpec[] = [['padding', 'padding'], ['strideW', 'i32'], ['strideH', 'i32'], ['fusedActivationFunction', 'activation'], ['dilationWFactor', 'i32', 1], ['dilationHFactor', 'i32', 1]];
const DEPTHWISE: FieldSpec[] = [['padding', 'padding'], ['strideW', 'i32'], ['strideH', 'i32'], ['depthMultiplier', 'i32'], ['fusedActivationFunction', 'activation'], ['dilationWFactor', 'i32', 1], ['dilationHFactor', 'i32', 1]];
const POOL: FieldSpec[] = [['padding', 'padding'], ['strideW', 'i32'], ['strideH', 'i32'], ['filterWidth', 'i32'], ['filterHeight', 'i32'], ['fusedActivationFunction', 'activation']];
const ACT_ONLY: FieldSpec[] = [['fusedActivationFunction', 'activation']];
const REDUCER: FieldSpec[] = [['keepDims', 'bool']];
const NONE: FieldSpec[] = [];

/** Options table layout per builtin operator (fields in schema order). */
const OPTIONS: Record<number, FieldSpec[]> = {
  [OP.CONV_2D]: CONV,
  [OP.DEPTHWISE_CONV_2D]: DEPTHWISE,
  [OP.AVERAGE_POOL_2D]: POOL,
  [OP.MAX_POOL_2D]: POOL,
  [OP.L2_POOL_2D]: POOL,
  [OP.FULLY_CONNECTED]: [['fusedActivationFunction', 'activation'], ['weightsFormat', 'i8'], ['keepNumDims', 'bool'], ['asymmetricQuantizeInputs', 'bool']],
  [OP.SOFTMAX]: [['beta', 'f32']],
  [OP.CONCATENATION]: [['axis', 'i32'], ['fusedActivationFunction', 'activation']],
  [OP.ADD]: ACT_ONLY,
  [OP.SUB]: ACT_ONLY,
  [OP.MUL]: ACT_ONLY,
  [OP.DIV]: ACT_ONLY,
  [OP.L2_NORMALIZATION]: ACT_ONLY,
  [OP.MEAN]: REDUCER,
  [OP.SUM]: REDUCER,
  [OP.REDUCE_MAX]: REDUCER,
  [OP.REDUCE_MIN]: REDUCER,
  [OP.REDUCE_PROD]: REDUCER,
  [OP.RESHAPE]: [['newShape', 'i32s']],
  [OP.SQUEEZE]: [['squeezeDims', 'i32s']],
  [OP.PAD]: NONE,
  [OP.PADV2]: NONE,
  [OP.MIRROR_PAD]: [['mode', 'i8']],
  [OP.LEAKY_RELU]: [['alpha', 'f32']],
  [OP.RESIZE_BILINEAR]: [['newHeight', 'i32'], ['newWidth', 'i32'], ['alignCorners', 'bool'], ['halfPixelCenters', 'bool']],
  [OP.RESIZE_NEAREST_NEIGHBOR]: [['alignCorners', 'bool'], ['halfPixelCenters', 'bool']],
  [OP.SPACE_TO_DEPTH]: [['blockSize', 'i32']],
  [OP.DEPTH_TO_SPACE]: [['blockSize', 'i32']],
  [OP.GATHER]: [['axis', 'i32'], ['batchDims', 'i32']],
  [OP.STRIDED_SLICE]: [['beginMask', 'i32'], ['endMask', 'i32'], ['ellipsisMask', 'i32'], ['newAxisMask', 'i32'], ['shrinkAxisMask', 'i32'], ['offset', 'bool']],
  [OP.SPLIT]: [['numSplits', 'i32']],
  [OP.SPLIT_V]: [['numSplits', 'i32']],
  [OP.PACK]: [['valuesCount', 'i32'], ['axis', 'i32']],
  [OP.UNPACK]: [['num', 'i32'], ['axis', 'i32']],
  [OP.CAST]: [['inDataType', 'type'], ['outDataType', 'type']],
  [OP.ARG_MAX]: [['outputType', 'type']],
  [OP.ARG_MIN]: [['outputType', 'type']],
  [OP.TRANSPOSE_CONV]: [['padding', 'padding'], ['strideW', 'i32'], ['strideH', 'i32'], ['fusedActivationFunction', 'activation']],
  [OP.LOCAL_RESPONSE_NORMALIZATION]: [['radius', 'i32'], ['bias', 'f32'], ['alpha', 'f32'], ['beta', 'f32']],
  [OP.BATCH_MATMUL]: [['adjX', 'bool'], ['adjY', 'bool']],
  [OP.GELU]: [['approximate', 'bool']],
};

/** The BuiltinOptions union member (1-based, schema order) each op's options must be. */
const UNION_TYPE: Record<number, number> = {
  [OP.CONV_2D]: 1, [OP.DEPTHWISE_CONV_2D]: 2, [OP.AVERAGE_POOL_2D]: 5, [OP.MAX_POOL_2D]: 5, [OP.L2_POOL_2D]: 5,
  [OP.FULLY_CONNECTED]: 8, [OP.SOFTMAX]: 9, [OP.CONCATENATION]: 10, [OP.ADD]: 11, [OP.L2_NORMALIZATION]: 12,
  [OP.LOCAL_RESPONSE_NORMALIZATION]: 13, [OP.RESIZE_BILINEAR]: 15, [OP.RESHAPE]: 17, [OP.SPACE_TO_DEPTH]: 19,
  [OP.MUL]: 21, [OP.PAD]: 22, [OP.GATHER]: 23, [OP.MEAN]: 27, [OP.SUM]: 27, [OP.REDUCE_MAX]: 27, [OP.REDUCE_MIN]: 27,
  [OP.REDUCE_PROD]: 27, [OP.SUB]: 28, [OP.DIV]: 29, [OP.SQUEEZE]: 30, [OP.STRIDED_SLICE]: 32, [OP.SPLIT]: 35,
  [OP.CAST]: 37, [OP.ARG_MAX]: 40, [OP.PADV2]: 43, [OP.TRANSPOSE_CONV]: 49, [OP.ARG_MIN]: 57, [OP.PACK]: 59,
  [OP.UNPACK]: 64, [OP.RESIZE_NEAREST_NEIGHBOR]: 74, [OP.LEAKY_RELU]: 75, [OP.MIRROR_PAD]: 77, [OP.SPLIT_V]: 79,
  [OP.DEPTH_TO_SPACE]: 94, [OP.BATCH_MATMUL]: 101, [OP.GELU]: 116,
};

function readOptions(t: Table | null, spec: FieldSpec[] | undefined): TFLiteOptions {
  const out: TFLiteOptions = {};
  if (!spec) return out;
  spec.forEach(([name, kind, dflt = 0], slot) => {
    switch (kind) {
      case 'i32': out[name] = t ? t.scalar(slot, 'i32', dflt, name) : dflt; break;
      case 'i8': out[name] = t ? t.scalar(slot, 'i8', dflt, name) : dflt; break;
      case 'f32': out[name] = t ? t.scalar(slot, 'f32', dflt, name) : dflt; break;
      case 'bool': out[name] = t ? t.bool(slot, dflt !== 0, name) : dflt !== 0; break;
      case 'padding': out[name] = enumName(PADDING, t ? t.scalar(slot, 'i8', 0, name) : 0); break;
      case 'activation': out[name] = enumName(ACTIVATIONS, t ? t.scalar(slot, 'i8', 0, name) : 0); break;
      case 'type': out[name] = typeName(t ? t.scalar(slot, 'i8', 0, name) : 0); break;
      case 'i32s': out[name] = t ? t.scalars(slot, 'i32', name) : []; break;
    }
  });
  return out;
}

function readQuantization(t: Table | null): TFLiteQuantization | null {
  if (!t) return null;
  // QuantizationParameters: min 0, max 1, scale 2, zero_point 3, details_type 4, details 5, quantized_dimension 6.
  const scale = t.scalars(2, 'f32', 'scale');
  if (scale.length === 0) return null;
  if (t.scalar(4, 'u8', 0, 'details_type') !== 0) t.fb.fail(`${t.path}.details`, 'custom quantization is not supported');
  const zeroPoint = t.scalars(3, 'i64', 'zero_point');
  return {
    scale,
    zeroPoint: zeroPoint.length ? zeroPoint : scale.map(() => 0),
    quantizedDimension: t.scalar(6, 'i32', 0, 'quantized_dimension'),
    min: t.scalars(0, 'f32', 'min'),
    max: t.scalars(1, 'f32', 'max'),
  };
}

function readTensor(t: Table): TFLiteTensor {
  // Tensor: shape 0, type 1, buffer 2, name 3, quantization 4, is_variable 5, sparsity 6, shape_signature 7.
  return {
    shape: t.scalars(0, 'i32', 'shape'),
    type: typeName(t.scalar(1, 'i8', 0, 'type')),
    buffer: t.scalar(2, 'u32', 0, 'buffer'),
    name: t.string(3, 'name'),
    quantization: readQuantization(t.table(4, 'quantization')),
    isVariable: t.bool(5, false, 'is_variable'),
    isSparse: t.has(6),
    shapeSignature: t.scalars(7, 'i32', 'shape_signature'),
  };
}

function readOperator(t: Table, codes: TFLiteOperatorCode[]): TFLiteOperator {
  // Operator: opcode_index 0, inputs 1, outputs 2, builtin_options_type 3, builtin_options 4.
  const opcodeIndex = t.scalar(0, 'u32', 0, 'opcode_index');
  if (opcodeIndex >= codes.length) t.fb.fail(`${t.path}.opcode_index`, `${opcodeIndex} is out of range (the model has ${codes.length} operator code(s))`);
  const { type, table } = t.union(3, 'builtin_options');
  const code = codes[opcodeIndex].builtinCode;
  const want = UNION_TYPE[code];
  if (want !== undefined && type !== 0 && type !== want) {
    t.fb.fail(`${t.path}.builtin_options_type`, `${type} does not match ${opName(code)}, whose options are union member ${want}`);
  }
  return {
    opcodeIndex,
    inputs: t.scalars(1, 'i32', 'inputs'),
    outputs: t.scalars(2, 'i32', 'outputs'),
    optionsType: type,
    options: readOptions(table, OPTIONS[code]),
  };
}

function readSubgraph(t: Table, codes: TFLiteOperatorCode[]): TFLiteSubgraph {
  // SubGraph: tensors 0, inputs 1, outputs 2, operators 3, name 4.
  const tensorTables = t.tables(0, 'tensors');
  const tensors: TFLiteTensor[] = [];
  for (let i = 0; i < tensorTables.length; i++) tensors.push(readTensor(tensorTables.get(i)));
  const opTables = t.tables(3, 'operators');
  const operators: TFLiteOperator[] = [];
  for (let i = 0; i < opTables.length; i++) operators.push(readOperator(opTables.get(i), codes));
  const sg: TFLiteSubgraph = { name: t.string(4, 'name'), tensors, inputs: t.scalars(1, 'i32', 'inputs'), outputs: t.scalars(2, 'i32', 'outputs'), operators };
  const checkIndex = (where: string, i: number, optional: boolean) => {
    if ((optional && i === -1) || (Number.isInteger(i) && i >= 0 && i < tensors.length)) return;
    t.fb.fail(`${t.path}.${where}`, `tensor index ${i} is out of range (the subgraph has ${tensors.length} tensor(s))`);
  };
  sg.inputs.forEach((i, k) => checkIndex(`inputs[${k}]`, i, false));
  sg.outputs.forEach((i, k) => checkIndex(`outputs[${k}]`, i, false));
  operators.forEach((op, n) => {
    op.inputs.forEach((i, k) => checkIndex(`operators[${n}].inputs[${k}]`, i, true));
    op.outputs.forEach((i, k) => checkIndex(`operators[${n}].outputs[${k}]`, i, false));
  });
  return sg;
}

/**
 * Parses a TFLite flatbuffer. Checks the 'TFL3' identifier, every offset, and every tensor and
 * buffer index; throws 'model.badFile' naming `file` and the field otherwise.
 */
export function readTFLiteModel(bytes: Uint8Array, file: string): TFLiteModelFile {
  const fb = new FlatBuffer(bytes, file);
  if (bytes.byteLength < 8) fb.fail('file header', `the file is ${bytes.byteLength} byte(s) long; a TFLite model starts with an 8-byte header`);
  const id = fb.identifier();
  if (id !== 'TFL3') {
    const shown = JSON.stringify(id.replace(/[^\x20-\x7e]/g, '?'));
    fb.fail('file identifier', `expected 'TFL3' at bytes 4..8, found ${shown} (is this a .tflite file?)`);
  }
  const model = fb.root('Model');
  // Model: version 0, operator_codes 1, subgraphs 2, description 3, buffers 4.
  const codeTables = model.tables(1, 'operator_codes');
  const operatorCodes: TFLiteOperatorCode[] = [];
  for (let i = 0; i < codeTables.length; i++) {
    const c = codeTables.get(i);
    // OperatorCode: deprecated_builtin_code 0 (byte), custom_code 1, version 2, builtin_code 3 (int).
    const builtinCode = Math.max(c.scalar(0, 'i8', 0, 'deprecated_builtin_code'), c.scalar(3, 'i32', 0, 'builtin_code'));
    operatorCodes.push({ builtinCode, name: opName(builtinCode), customCode: c.string(1, 'custom_code'), version: c.scalar(2, 'i32', 1, 'version') });
  }
  const bufTables = model.tables(4, 'buffers');
  const buffers: Uint8Array[] = [];
  for (let i = 0; i < bufTables.length; i++) {
    const b = bufTables.get(i);
    // Buffer: data 0, offset 1, size 2 (data stored after the flatbuffer in models over 2 GB).
    let data = b.bytes(0, 'data');
    const offset = b.scalar(1, 'u64', 0, 'offset');
    if (!data && offset > 1) {
      const size = b.scalar(2, 'u64', 0, 'size');
      fb.check(offset, size, `${b.path}.offset`);
      data = bytes.subarray(offset, offset + size);
    }
    buffers.push(data ?? new Uint8Array(0));
  }
  const sgTables = model.tables(2, 'subgraphs');
  const subgraphs: TFLiteSubgraph[] = [];
  for (let i = 0; i < sgTables.length; i++) subgraphs.push(readSubgraph(sgTables.get(i), operatorCodes));
  if (subgraphs.length === 0) fb.fail('Model.subgraphs', 'the model has no subgraph');
  subgraphs.forEach((sg, s) => sg.tensors.forEach((t, i) => {
    if (t.buffer >= buffers.length) fb.fail(`Model.subgraphs[${s}].tensors[${i}].buffer`, `buffer index ${t.buffer} is out of range (the model has ${buffers.length} buffer(s))`);
  }));
  return { version: model.scalar(0, 'u32', 0, 'version'), description: model.string(3, 'description'), operatorCodes, subgraphs, buffers, fb };
}
