while (true) { commandOut.println("spam spam spam spam spam spam spam"); }
