print("carequeue")
