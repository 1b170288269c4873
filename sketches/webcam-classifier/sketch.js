// Webcam classification: MobileNet names what the camera sees, one frame at a time (p5 2.x).
let video;
let label = 'Loading the model…';
let result;

async function setup() {
  createCanvas(480, 360);
  result = createP(label).id('result');
  video = createCapture(VIDEO);
  video.size(480, 360);
  video.hide();
  const classifier = await sprout.imageClassifier('MobileNet');
  classifier.classifyStart(video, (results) => {
    label = `${results[0].label} (${nf(results[0].confidence * 100, 0, 1)}%)`;
    result.html(label);
  });
}

function draw() {
  image(video, 0, 0, width, height);
}
