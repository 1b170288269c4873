// Teach the webcam two things with buttons, then train and watch it guess (p5 2.x).
let video;
let extractor;
let classifier;
let result;

async function setup() {
  createCanvas(320, 240);
  video = createCapture(VIDEO);
  video.size(320, 240);
  video.hide();
  result = createP('Loading MobileNet…').id('result');
  extractor = await sprout.featureExtractor('MobileNet');
  classifier = extractor.classification();
  result.html('Show something and press a button');
  createButton('This is A').id('add-a').mousePressed(() => add('A'));
  createButton('This is B').id('add-b').mousePressed(() => add('B'));
  createButton('Train').id('train').mousePressed(trainAndGuess);
}

async function add(label) {
  await classifier.addImage(video, label);
  result.html(`${classifier.numExamples()} examples`);
}

async function trainAndGuess() {
  result.html('Training…');
  await classifier.train((loss) => result.html(`Training… loss ${nf(loss, 0, 3)}`));
  classifier.classifyStart(video, (results) => {
    result.html(`${results[0].label} (${nf(results[0].confidence * 100, 0, 1)}%)`);
  });
}

function draw() {
  image(video, 0, 0, width, height);
}
