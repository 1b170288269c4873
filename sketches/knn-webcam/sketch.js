// KNN with the webcam: MobileNet turns each frame into numbers, KNN finds the nearest examples (p5 2.x).
let video;
let extractor;
let knn;
let result;

async function setup() {
  createCanvas(320, 240);
  video = createCapture(VIDEO);
  video.size(320, 240);
  video.hide();
  result = createP('Loading MobileNet…').id('result');
  extractor = await sprout.featureExtractor('MobileNet');
  knn = await sprout.knnClassifier();
  result.html('Add examples for each label, then press Classify');
  createButton('Add Rock').id('add-rock').mousePressed(() => add('Rock'));
  createButton('Add Paper').id('add-paper').mousePressed(() => add('Paper'));
  createButton('Classify').id('classify').mousePressed(classifyLoop);
}

async function add(label) {
  const features = await extractor.infer(video);
  knn.addExample(features, label);
  features.dispose();
  const counts = knn.getCount();
  result.html(Object.entries(counts).map(([l, n]) => `${l}: ${n}`).join(', '));
}

async function classifyLoop() {
  const features = await extractor.infer(video);
  const { label, confidencesByLabel } = await knn.classify(features);
  features.dispose();
  result.html(`${label} (${nf(confidencesByLabel[label] * 100, 0, 0)}%)`);
  setTimeout(classifyLoop, 100);
}

function draw() {
  image(video, 0, 0, width, height);
}
