// Zod for the whole program, from one module: zod is about a hundred files, which Node
// resolves, reads and compiles one by one at every start (some 60 ms of a half-second CLI
// search). The build bundles this module with zod into one file (`npm run bundle:dependencies`,
// part of `npm run build` and of the test build), so every process loads one file, and a
// single copy of zod's classes (the `instanceof` checks in command.ts rely on it).
export { z } from 'zod';
