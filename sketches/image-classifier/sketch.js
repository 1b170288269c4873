// Classify an image with MobileNet (p5 2.x).
let img;
let result;

async function setup() {
  createCanvas(400, 400);
  result = createP('Loading the model…').id('result');
  img = await loadImage('/samples/bird.jpg');
  const classifier = await sprout.imageClassifier('MobileNet');
  const [best] = await classifier.classify(img);
  result.html(`${best.label} (${nf(best.confidence * 100, 0, 1)}%)`);
}

function draw() {
  background(240);
  if (img) image(img, 0, 0, width, height);
}
