var t = java.lang.Thread; t.sleep(100000);
