var s = new java.lang.String("x"); s.getClass().getClassLoader();
