package com.example.shop;

public enum Step { BROWSING, CHECKOUT, PAID }
