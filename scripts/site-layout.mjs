// The URL layout of the served site, shared by `npm start` and the browser tests of the sketches:
// sketches load `/sprout/sprout.min.js` (the built library, dist/) and p5 from `/p5/`, and the
// zoo lives beside the library script at `/sprout/zoo/` (the built zoo, build/zoo/), which is
// where Sprout looks for it by default. Sample photos and data for the sketches are at /samples/
// (build/samples/, copied by scripts/samples.mjs).
export const SITE_REWRITES = {
  '/': '/site/index.html',
  '/p5/p5.min.js': '/node_modules/p5-2/lib/p5.min.js',
  '/p5/p5-1.min.js': '/node_modules/p5-1/lib/p5.min.js',
  '/sprout/zoo/': '/build/zoo/',
  '/sprout/': '/dist/',
  '/samples/': '/build/samples/',
};
