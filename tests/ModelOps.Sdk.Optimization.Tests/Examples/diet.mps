NAME          DIET
ROWS
 N  COST
 G  PROTEIN
 G  FAT
COLUMNS
    FOODA     COST         3.0   PROTEIN      4.0
    FOODA     FAT          1.0
    FOODB     COST         2.0   PROTEIN      2.0
    FOODB     FAT          3.0
RHS
    RHS       PROTEIN      8.0   FAT          6.0
BOUNDS
 UP BND       FOODA       10.0
ENDATA
