// Buttons marked data-print open the browser's print dialog (the print stylesheet keeps only the content).
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-print]");
  if (button) { window.print(); }
});
