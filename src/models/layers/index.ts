/**
 * LayersModels through the compiler: layers → IR translation, and the compiled predict that
 * `LayersModel.predict` uses once this module is loaded (it registers itself).
 */
export { layersModelToIr, untranslatableLayers } from './to-ir.js';
export { CompiledLayersModel, compileLayersModel } from './compiled.js';
