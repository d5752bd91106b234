Packages.java.lang.System.exit(3);
