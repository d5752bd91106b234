importPackage(java.io); new File("/tmp/x");
