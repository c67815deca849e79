import './jour-console.js';
