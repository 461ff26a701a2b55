// The TypeScript compiler, imported here only. The bundler wraps each `import ts from 'typescript'` of
// this CommonJS package in a copy of its ~2,900 exports, one per importing module: with 17 importers
// that was ~60 ms of every scan's start (bench/scan, first scan), before a file was read.
import ts from 'typescript';

export default ts;
