export { grad, grads, valueAndGrad, valueAndGrads, variableGrads } from './grad.js';
export { registerGradient, gradientRule, kernelsWithGradients, type GradientRule, type SavedCall } from './registry.js';
export { trainableVariables } from './variables.js';
