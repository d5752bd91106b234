eval("java.lang.System").exit(1);
