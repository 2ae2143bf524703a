import { parseProgram } from './src/parse';
const n = Number(process.argv[2]); const reps = Number(process.argv[3]);
const src = 't : scalar\n' + Array.from({ length: n }, (_, i) => `${i+1}*t^${i+1}`).join(' + ');
parseProgram('t : scalar\n' + Array.from({ length: 1000 }, (_, i) => `${i+1}*t^${i+1}`).join(' + '));
for (let r = 0; r < reps; r++) parseProgram(src);
