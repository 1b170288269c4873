// p5 1.x: make the classifier in preload(); setup() runs once the model is ready.
let classifier;
let img;

function preload() {
  classifier = sprout.imageClassifier('MobileNet');
  img = loadImage('/samples/kitten.jpg');
}

function setup() {
  createCanvas(400, 400);
  image(img, 0, 0, width, height);
  const result = createP('Classifying…').id('result');
  classifier.classify(img, (results) => {
    result.html(`${results[0].label} (${nf(results[0].confidence * 100, 0, 1)}%)`);
  });
}
