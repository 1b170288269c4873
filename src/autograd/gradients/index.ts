// Registers every gradient rule (imported for its side effects by the autograd entry).
import './elementwise.js';
import './reduce.js';
import './transform.js';
import './linalg.js';
import './conv.js';
