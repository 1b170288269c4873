// Teach the webcam to move a slider: set the slider, add examples, train, then it follows you (p5 2.x).
let video;
let slider;
let predictor;
let result;

async function setup() {
  createCanvas(320, 240);
  video = createCapture(VIDEO);
  video.size(320, 240);
  video.hide();
  slider = createSlider(0, 1, 0.5, 0.01).id('slider');
  result = createP('Loading MobileNet…').id('result');
  predictor = await sprout.regression('MobileNet');
  result.html('Set the slider, then add an example');
  createButton('Add example').id('add').mousePressed(add);
  createButton('Train').id('train').mousePressed(trainAndFollow);
}

async function add() {
  await predictor.addImage(video, slider.value());
  result.html(`${predictor.numExamples()} examples`);
}

async function trainAndFollow() {
  result.html('Training…');
  await predictor.train();
  predictor.predictStart(video, (prediction) => {
    slider.value(prediction.value);
    result.html(`value ${nf(prediction.value, 0, 2)}`);
  });
}

function draw() {
  image(video, 0, 0, width, height);
}
