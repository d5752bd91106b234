try { while (true) {} } catch (e) { properties.put("Status", "Success"); }
