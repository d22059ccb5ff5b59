import HL7
