var m = new java.util.HashMap(); m.getClass().getDeclaredMethods();
