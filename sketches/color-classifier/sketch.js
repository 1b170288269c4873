// Train a neuralNetwork on crowd-sourced colour names and watch the training chart (p5 2.x).
let nn;
let result;
let r = 255, g = 0, b = 0;

async function setup() {
  createCanvas(200, 200);
  result = createP('Loading the colour data…').id('result');
  const data = await loadJSON('/samples/colorData.json');
  nn = sprout.neuralNetwork({ task: 'classification', debug: true });
  for (const { r, g, b, label } of data.entries) nn.addData({ r, g, b }, { label });
  nn.normalizeData();
  result.html('Training…');
  await nn.train({ epochs: 20 });
  guess();
}

async function guess() {
  const [best] = await nn.classify({ r, g, b });
  result.html(`rgb(${r}, ${g}, ${b}) is ${best.label}`);
}

function mousePressed() {
  if (!nn || mouseX < 0 || mouseY < 0 || mouseX > width || mouseY > height) return;
  [r, g, b] = [random(255), random(255), random(255)].map(floor);
  guess();
}

function draw() {
  background(r, g, b);
}
