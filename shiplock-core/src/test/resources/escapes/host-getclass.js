properties.getClass().forName("java.lang.Runtime");
