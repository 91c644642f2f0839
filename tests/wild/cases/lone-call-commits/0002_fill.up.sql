CALL fill_created();
