// Draw a doodle and DoodleNet names it when you let go of the mouse (p5 2.x).
let classifier;
let cnv;
let result;

async function setup() {
  cnv = createCanvas(280, 280);
  background(0);
  result = createP('Loading DoodleNet…').id('result');
  classifier = await sprout.imageClassifier('DoodleNet');
  result.html('Draw something!');
  createButton('Clear').mousePressed(() => background(0));
}

function mouseDragged() {
  stroke(255);
  strokeWeight(16);
  line(pmouseX, pmouseY, mouseX, mouseY);
}

async function mouseReleased() {
  if (!classifier) return;
  const [best] = await classifier.classify(cnv);
  result.html(`${best.label} (${nf(best.confidence * 100, 0, 1)}%)`);
}
